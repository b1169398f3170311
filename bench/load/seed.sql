-- Seeds :n applicant users for the load run, each with an enterprise subject of its own (half in Pinggu,
-- 110117, filing in the Pinggu round; half in Jindong, 330703, filing in the Jindong round), the APPLICANT
-- role, the demo password (copied from the demo user pg-tech) and an API token valid for a day. Prints one
-- line per applicant: token, subject id, round id, policy id (tab-separated) for the wrk scripts.
-- Runs in well under a second for 2,000 applicants: plain set-based SQL, no bcrypt per user.
begin;
create temporary table load_seed on commit drop as
select i,
       case when i % 2 = 0 then 'pinggu-2025' else 'jindong-2023' end as policy_id,
       'ipa_load' || lpad(i::text, 6, '0') || md5(random()::text || clock_timestamp()::text) as token
from generate_series(1, :n) as i;

insert into subject (kind, name, registered_region, mu_grade)
select 'enterprise',
       '压测企业' || lpad(i::text, 6, '0') || case when policy_id = 'pinggu-2025' then '（平谷）' else '（金东）' end,
       case when policy_id = 'pinggu-2025' then '110117' else '330703' end,
       case when policy_id = 'jindong-2023' then 'B' end
from load_seed order by i;

alter table load_seed add column subject_id bigint, add column user_id bigint;
update load_seed l set subject_id = s.id
from subject s
where s.name = '压测企业' || lpad(l.i::text, 6, '0') || case when l.policy_id = 'pinggu-2025' then '（平谷）' else '（金东）' end;

insert into app_user (username, display_name, password_hash, subject_id)
select 'load-' || lpad(i::text, 6, '0'), '压测申报人 ' || i,
       (select password_hash from app_user where username = 'pg-tech'), subject_id
from load_seed;
update load_seed l set user_id = u.id from app_user u where u.username = 'load-' || lpad(l.i::text, 6, '0');

insert into user_role (user_id, role) select user_id, 'APPLICANT' from load_seed;
insert into api_token (user_id, name, token_hash, expires_at)
select user_id, 'load', encode(sha256(convert_to(token, 'UTF8')), 'hex'), now() + interval '1 day' from load_seed;

select l.token || E'\t' || l.subject_id || E'\t' || r.id || E'\t' || l.policy_id
from load_seed l
join lateral (select id from round where policy_id = l.policy_id and status = 'open' order by id limit 1) r on true
order by l.i;
commit;
