-- Actual values of a policy's indicators (工作目标, e.g. Jindong section 一), entered by the office per year.
-- One row per policy, indicator and year; a change overwrites the row and is audited (indicator.set) with
-- the value before and after. Numbers are exact: value is in the indicator's unit (a ratio as a ratio:
-- 0.105 is 10.5%); qualitative indicators record achieved instead.
create table indicator_value (
    id           bigint generated always as identity primary key,
    policy_id    varchar(64)    not null,
    indicator_id varchar(64)    not null,
    year         int            not null check (year between 2000 and 2100),
    value        numeric(24, 8),
    achieved     boolean,
    note         varchar(500)   not null default '',
    source       varchar(300)   not null,
    entered_by   bigint         not null references app_user (id),
    entered_at   timestamptz    not null default now(),
    unique (policy_id, indicator_id, year),
    check (value is not null or achieved is not null)
);
