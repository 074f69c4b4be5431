-- The step-up: a signed-in session asks for its second factor again. Its wrong answers count against the account's
-- changes, never its sign-in, so that whoever holds a stolen session cannot lock the owner out of signing in.
ALTER TABLE refauth_mfa_pending ADD COLUMN step_up BOOLEAN DEFAULT FALSE NOT NULL;
