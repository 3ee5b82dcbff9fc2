CREATE TABLE "oplog_pending" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "oplog_pending_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp (3) with time zone NOT NULL,
	"user_id" integer,
	"username" text,
	"org_id" integer,
	"org_name" text,
	"org_path" text,
	"action" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"before" jsonb,
	"after" jsonb,
	"ip" text,
	"result" text NOT NULL,
	"error_code" text,
	"duration_ms" integer NOT NULL,
	"request_id" text
);
--> statement-breakpoint
-- The resolved actor of a session is cached per node (platform/actor-cache.ts). Whatever changes who a signed-in user is
-- (roles and their permissions or scope, organisation, password, status, TOTP, the session itself) says so here, in the
-- changing transaction: pg_notify reaches every node's listener at commit, and the transaction-local setting lets the
-- node that commits forget at once (req.mutate reads it back with its audit row). Payload: user ids, or * for everyone.
CREATE FUNCTION shangmi_actor_notify(who text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('shangmi_actor', who);
  PERFORM set_config('shangmi.actor_changed', coalesce(nullif(current_setting('shangmi.actor_changed', true), '') || ',', '') || who, true);
END $$;
--> statement-breakpoint
CREATE FUNCTION shangmi_actor_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE who text;
BEGIN
  SELECT CASE WHEN count(DISTINCT user_id) > 200 THEN '*' ELSE string_agg(DISTINCT user_id::text, ',') END INTO who FROM changed;
  IF who IS NOT NULL THEN PERFORM shangmi_actor_notify(who); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION shangmi_actor_all_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM shangmi_actor_notify('*');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION shangmi_actor_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM shangmi_actor_notify(OLD.id::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER sessions_actor_deleted AFTER DELETE ON sessions REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION shangmi_actor_rows_changed();
--> statement-breakpoint
-- a session's last-seen time only moves forward (at most once a minute, not worth a notice); set back, or its expiry
-- or CSRF token changed, the cached copy must go
CREATE FUNCTION shangmi_actor_session_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM shangmi_actor_notify(NEW.user_id::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER sessions_actor_changed AFTER UPDATE ON sessions FOR EACH ROW
  WHEN (NEW.last_seen_at < OLD.last_seen_at OR NEW.expires_at IS DISTINCT FROM OLD.expires_at OR NEW.csrf_token IS DISTINCT FROM OLD.csrf_token
        OR NEW.user_id IS DISTINCT FROM OLD.user_id)
  EXECUTE FUNCTION shangmi_actor_session_changed();
--> statement-breakpoint
CREATE TRIGGER user_roles_actor_added AFTER INSERT ON user_roles REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION shangmi_actor_rows_changed();
--> statement-breakpoint
CREATE TRIGGER user_roles_actor_removed AFTER DELETE ON user_roles REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION shangmi_actor_rows_changed();
--> statement-breakpoint
CREATE TRIGGER user_roles_actor_changed AFTER UPDATE ON user_roles FOR EACH STATEMENT EXECUTE FUNCTION shangmi_actor_all_changed();
--> statement-breakpoint
CREATE TRIGGER roles_actor_changed AFTER UPDATE OR DELETE ON roles FOR EACH STATEMENT EXECUTE FUNCTION shangmi_actor_all_changed();
--> statement-breakpoint
CREATE TRIGGER orgs_actor_changed AFTER UPDATE OR DELETE ON orgs FOR EACH STATEMENT EXECUTE FUNCTION shangmi_actor_all_changed();
--> statement-breakpoint
CREATE TRIGGER users_actor_changed AFTER UPDATE ON users FOR EACH ROW
  WHEN ((OLD.username, OLD.display_name, OLD.org_id, OLD.org_path, OLD.status, OLD.password_hash, OLD.must_change_password, OLD.totp_enabled)
        IS DISTINCT FROM (NEW.username, NEW.display_name, NEW.org_id, NEW.org_path, NEW.status, NEW.password_hash, NEW.must_change_password, NEW.totp_enabled))
  EXECUTE FUNCTION shangmi_actor_user_changed();
--> statement-breakpoint
CREATE TRIGGER users_actor_deleted AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION shangmi_actor_user_changed();
