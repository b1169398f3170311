-- How an objection reached the office: online (the public form), or recorded by staff from a phone call,
-- a letter or a visit (workbench, issue 4).
alter table objection add column channel varchar(10) not null default 'online'
    check (channel in ('online', 'phone', 'letter', 'visit'));
