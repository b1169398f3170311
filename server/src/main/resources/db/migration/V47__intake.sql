-- Deadline-day intake (Prefer: respond-async on POST /api/applications, multipart): a complete application is
-- received durably in one short transaction — its JSON as sent and its file parts — and answered 202 with a
-- receipt; a worker then files it exactly as the one-request submission does (same checks, events, audit), in
-- the order received, and records the outcome: the application it made, or the problem that refused it.
create table intake (
    id              bigserial primary key,
    user_id         bigint not null references app_user (id),
    idempotency_key varchar(100),
    input           text not null,
    status          varchar(16) not null default 'queued'
                    check (status in ('queued', 'done', 'refused', 'failed')),
    attempts        int not null default 0,
    received_at     timestamptz not null default now(),
    processed_at    timestamptz,
    application_id  bigint references application (id),
    problem         jsonb
);
create unique index intake_idempotency on intake (user_id, idempotency_key) where idempotency_key is not null;
create index intake_queued on intake (id) where status = 'queued';
create index intake_user on intake (user_id, id);

-- The file parts of a queued intake; removed once it has been filed or refused (the stored files then hold them).
create table intake_part (
    intake_id    bigint not null references intake (id) on delete cascade,
    seq          int not null,
    name         varchar(200) not null,
    filename     varchar(500),
    content_type varchar(200),
    content      bytea not null,
    primary key (intake_id, seq)
);
alter table intake_part alter column content set storage external;
