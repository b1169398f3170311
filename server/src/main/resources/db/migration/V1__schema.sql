-- ipaward server schema. Money is numeric(16,2) yuan; timestamps are timestamptz; lists and facts are jsonb.

create table policy_version (
    id              bigint generated always as identity primary key,
    policy_id       varchar(64)  not null,
    version_label   varchar(64)  not null,
    sha256          char(64)     not null unique,
    yaml            text         not null,
    engine_version  varchar(40)  not null,
    loaded_at       timestamptz  not null default now()
);
create index policy_version_policy on policy_version (policy_id);

create table subject (
    id                  bigint generated always as identity primary key,
    kind                varchar(20)  not null check (kind in ('enterprise', 'institution', 'other_org', 'person', 'service_agency')),
    name                varchar(200) not null,
    uscc                varchar(18),
    uscc_check_failed   boolean      not null default false,
    uscc_confirmed_by   bigint,
    id_number_enc       text,
    id_number_hmac      char(64),
    id_number_masked    varchar(20),
    registered_region   varchar(6),
    household_region    varchar(6),
    served_regions      jsonb        not null default '[]',
    mu_grade            varchar(10),
    address             varchar(300),
    contact_name        varchar(50),
    phone_enc           text,
    phone_masked        varchar(20),
    bank_name           varchar(100),
    bank_account_enc    text,
    bank_account_masked varchar(40),
    created_at          timestamptz  not null default now(),
    updated_at          timestamptz  not null default now(),
    version             int          not null default 0
);
create unique index subject_uscc on subject (uscc) where uscc is not null;
create unique index subject_id_number on subject (id_number_hmac) where id_number_hmac is not null;
create index subject_name on subject (name);

create table app_user (
    id                  bigint generated always as identity primary key,
    username            varchar(64)  not null unique,
    display_name        varchar(100) not null,
    password_hash       varchar(200) not null,
    subject_id          bigint references subject (id),
    enabled             boolean      not null default true,
    failed_attempts     int          not null default 0,
    locked_until        timestamptz,
    last_login_at       timestamptz,
    password_changed_at timestamptz  not null default now(),
    created_at          timestamptz  not null default now()
);

create table user_role (
    user_id bigint      not null references app_user (id),
    role    varchar(24) not null check (role in ('APPLICANT', 'ACCEPTOR', 'REVIEWER', 'APPROVER', 'FINANCE',
                                                 'POLICY_ADMIN', 'SYSTEM_ADMIN', 'AUDITOR')),
    primary key (user_id, role)
);

alter table subject add constraint subject_uscc_confirmed_by foreign key (uscc_confirmed_by) references app_user (id);

create table api_token (
    id           bigint generated always as identity primary key,
    user_id      bigint       not null references app_user (id),
    name         varchar(100) not null,
    token_hash   char(64)     not null unique,
    created_at   timestamptz  not null default now(),
    expires_at   timestamptz  not null,
    last_used_at timestamptz,
    revoked      boolean      not null default false
);

create table stored_file (
    id            bigint generated always as identity primary key,
    filename      varchar(255) not null,
    content_type  varchar(100) not null,
    size_bytes    bigint       not null,
    sha256        char(64)     not null,
    storage_key   varchar(200) not null,
    uploaded_by   bigint       not null references app_user (id),
    uploaded_at   timestamptz  not null default now()
);

-- A service agency (服务机构) may file for a client with a power of attorney (委托书).
create table agency_client (
    agency_id   bigint      not null references subject (id),
    client_id   bigint      not null references subject (id),
    poa_file_id bigint      not null references stored_file (id),
    valid_until date,
    created_by  bigint      not null references app_user (id),
    created_at  timestamptz not null default now(),
    primary key (agency_id, client_id)
);

create table round (
    id                bigint generated always as identity primary key,
    policy_version_id bigint        not null references policy_version (id),
    policy_id         varchar(64)   not null,
    year              int           not null,
    title             varchar(200)  not null,
    notice            text          not null default '',
    opens_at          timestamptz   not null,
    closes_at         timestamptz   not null,
    measures          jsonb         not null,
    budget            numeric(16,2) not null check (budget >= 0),
    budget_rule       varchar(10)   not null check (budget_rule in ('pro_rata', 'stop')),
    publicity_days    int           not null default 5 check (publicity_days between 1 and 30),
    status            varchar(12)   not null default 'open' check (status in ('open', 'closed')),
    created_by        bigint        not null references app_user (id),
    created_at        timestamptz   not null default now(),
    check (closes_at > opens_at)
);

create table application (
    id               bigint generated always as identity primary key,
    no               varchar(32)   not null unique,
    round_id         bigint        not null references round (id),
    subject_id       bigint        not null references subject (id),
    created_by       bigint        not null references app_user (id),
    agency_id        bigint references subject (id),
    state            varchar(24)   not null,
    idempotency_key  varchar(100),
    submitted_at     timestamptz,
    return_items     jsonb,
    return_deadline  date,
    reviewer_id      bigint references app_user (id),
    approver_id      bigint references app_user (id),
    estimate_total   numeric(16,2),
    approved_total   numeric(16,2),
    publicity_ends   date,
    created_at       timestamptz   not null default now(),
    updated_at       timestamptz   not null default now(),
    version          int           not null default 0
);
create unique index application_idempotency on application (created_by, idempotency_key) where idempotency_key is not null;
create index application_round_state on application (round_id, state);
create index application_subject on application (subject_id);

create table claim (
    id               bigint generated always as identity primary key,
    application_id   bigint        not null references application (id),
    seq              int           not null,
    measure_id       varchar(64)   not null,
    matter_year      int           not null,
    facts            jsonb         not null default '{}',
    city_award       jsonb,
    engine_status    varchar(16),
    engine_amount    numeric(16,2),
    engine_result    jsonb,
    reviewed_amount  numeric(16,2),
    review_reason    text,
    final_amount     numeric(16,2),
    ledger_snapshot  jsonb,
    unique (application_id, seq)
);

create table material (
    id             bigint generated always as identity primary key,
    application_id bigint       not null references application (id),
    claim_id       bigint references claim (id),
    kind           varchar(64)  not null,
    file_id        bigint       not null references stored_file (id),
    removed        boolean      not null default false,
    attached_at    timestamptz  not null default now()
);
create index material_application on material (application_id);

-- Awards held against caps. Reserved at approval, released on rejection, never deleted.
create table ledger_entry (
    id             bigint generated always as identity primary key,
    policy_id      varchar(64)   not null,
    measure_id     varchar(64)   not null,
    subject_ref    varchar(64)   not null,
    year           int           not null,
    amount         numeric(16,2) not null check (amount >= 0),
    keys           jsonb         not null default '{}',
    application_id bigint        not null references application (id),
    claim_id       bigint        not null references claim (id),
    round_id       bigint        not null references round (id),
    status         varchar(10)   not null check (status in ('reserved', 'approved', 'paid', 'released')),
    created_at     timestamptz   not null default now(),
    released_at    timestamptz
);
create index ledger_policy_subject on ledger_entry (policy_id, subject_ref, year) where status <> 'released';
create index ledger_round on ledger_entry (round_id) where status <> 'released';
create unique index ledger_claim_active on ledger_entry (claim_id) where status <> 'released';

-- The workflow history of each application; appended, never changed.
create table application_event (
    id             bigint generated always as identity primary key,
    application_id bigint       not null references application (id),
    action         varchar(32)  not null,
    from_state     varchar(24),
    to_state       varchar(24)  not null,
    actor_id       bigint references app_user (id),
    actor_name     varchar(100) not null,
    role           varchar(24)  not null,
    reason         text,
    details        jsonb        not null default '{}',
    snapshot_hash  char(64)     not null,
    at             timestamptz  not null default now()
);
create index application_event_application on application_event (application_id, id);

create table objection (
    id              bigint generated always as identity primary key,
    application_id  bigint        not null references application (id),
    filer_name      varchar(100)  not null,
    filer_contact_enc text,
    filer_contact_masked varchar(40),
    text            text          not null,
    received_at     timestamptz   not null default now(),
    recorded_by     bigint references app_user (id),
    status          varchar(10)   not null default 'open' check (status in ('open', 'upheld', 'dismissed')),
    resolution      text,
    new_amount      numeric(16,2),
    handled_by      bigint references app_user (id),
    handled_at      timestamptz
);
create index objection_application on objection (application_id);

create table payment_batch (
    id              bigint generated always as identity primary key,
    no              varchar(32)   not null unique,
    round_id        bigint        not null references round (id),
    total           numeric(16,2) not null,
    pro_rata_factor numeric(12,10),
    created_by      bigint        not null references app_user (id),
    created_at      timestamptz   not null default now()
);

create table payment (
    id             bigint generated always as identity primary key,
    batch_id       bigint        not null references payment_batch (id),
    application_id bigint        not null references application (id),
    amount         numeric(16,2) not null check (amount >= 0),
    attempt        int           not null default 1,
    status         varchar(10)   not null check (status in ('listed', 'paid', 'failed', 'reissued')),
    bank_reference varchar(100),
    failure_reason text,
    confirmed_by   bigint references app_user (id),
    confirmed_at   timestamptz
);
create index payment_application on payment (application_id);

-- The audit log: append-only and hash-chained (hash = sha256(prev_hash || canonical record)).
create table audit_log (
    seq         bigint       primary key,
    at          timestamptz  not null,
    actor_id    bigint,
    actor       varchar(100) not null,
    role        varchar(24)  not null,
    action      varchar(64)  not null,
    target_type varchar(32),
    target_id   varchar(64),
    details     text         not null,
    ip          varchar(64),
    prev_hash   char(64)     not null,
    hash        char(64)     not null unique
);

create function refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'table % is append-only', tg_table_name using errcode = 'insufficient_privilege';
end $$;

create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function refuse_change();
create trigger application_event_append_only before update or delete on application_event
    for each row execute function refuse_change();

create table setting (
    key        varchar(64)  primary key,
    value      text         not null,
    updated_by bigint references app_user (id),
    updated_at timestamptz  not null default now()
);

-- Working-day calendar: days that differ from Monday–Friday (holidays, and weekend days worked in lieu).
create table calendar_day (
    day     date        primary key,
    workday boolean     not null,
    note    varchar(100) not null default ''
);
