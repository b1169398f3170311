-- Users: usernames are unique regardless of case ("Alice" cannot be registered beside "alice").
create unique index app_user_username_lower on app_user (lower(username));
create index app_user_locked on app_user (locked_until) where locked_until is not null;

-- Tokens are revoked per user (password reset or change).
create index api_token_user on api_token (user_id) where not revoked;

-- Audit search: by action prefix, actor, target and time.
create index audit_log_action on audit_log (action text_pattern_ops);
create index audit_log_actor on audit_log (actor);
create index audit_log_target on audit_log (target_type, target_id);
create index audit_log_at on audit_log (at);
