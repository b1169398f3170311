-- Subjects: when a member of staff confirmed a USCC whose check character failed, who created each
-- subject, and indexes for the staff list's filters.
alter table subject add column uscc_confirmed_at timestamptz;
alter table subject add column created_by bigint references app_user (id);
create index subject_kind on subject (kind);
create index subject_registered_region on subject (registered_region);
create index subject_household_region on subject (household_region);
create index agency_client_client on agency_client (client_id);
