-- Migration: 005_user_preferences
-- Purpose:   per-user report and display preferences.
-- Breaking:  none (new columns have defaults).
-- Rollback:  005_user_preferences.down.sql
--
-- Written to be re-runnable by hand: each column is added only if missing,
-- and the file says which ones it added.

BEGIN;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_schema = current_schema() AND table_name = 'users'
                     AND column_name = 'max_reports') THEN
        ALTER TABLE users ADD COLUMN max_reports integer NOT NULL DEFAULT 5;
        RAISE NOTICE 'Added column: max_reports';
    END IF;

    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_schema = current_schema() AND table_name = 'users'
                     AND column_name = 'email_digest') THEN
        ALTER TABLE users ADD COLUMN email_digest boolean NOT NULL DEFAULT true;
        RAISE NOTICE 'Added column: email_digest';
    END IF;

    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_schema = current_schema() AND table_name = 'users'
                     AND column_name = 'timezone') THEN
        ALTER TABLE users ADD COLUMN timezone text DEFAULT 'UTC';
        RAISE NOTICE 'Added column: timezone';
    END IF;

    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_schema = current_schema() AND table_name = 'users'
                     AND column_name = 'theme') THEN
        ALTER TABLE users ADD COLUMN theme varchar(20) NOT NULL DEFAULT 'light';
        RAISE NOTICE 'Added column: theme';
    END IF;
END
$$;

COMMENT ON COLUMN users.max_reports IS 'Reports a user may schedule; the billing plan may raise it';

COMMIT;
