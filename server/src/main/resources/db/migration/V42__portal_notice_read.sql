-- The applicant portal's notifications are the workflow events of the applicant's applications
-- (application_event); this keeps, per user, the last event they marked as read.
create table portal_notice_read (
    user_id       bigint      primary key references app_user (id),
    last_event_id bigint      not null default 0,
    read_at       timestamptz not null default now()
);
