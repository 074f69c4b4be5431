-- Wrong codes given to change an account's factors (by whoever holds a session) are counted apart from the sign-in's
-- second step, so that a session's holder cannot lock the owner's sign-in.
CREATE TABLE refauth_mfa_change_failures (
  account_id   VARCHAR(36) PRIMARY KEY REFERENCES refauth_accounts (id) ON DELETE CASCADE,
  failures     INTEGER     NOT NULL,
  last_failure BIGINT      NOT NULL
);
