-- Browsers that signed in to an account before (their device cookie's SHA-256): guesses from elsewhere do not lock
-- them out. Only a hash is kept; a device is no credential on its own (the password is still needed).
CREATE TABLE refauth_devices (
  id_hash    VARCHAR(64) PRIMARY KEY,
  account_id VARCHAR(36) NOT NULL REFERENCES refauth_accounts (id) ON DELETE CASCADE,
  expires_at BIGINT      NOT NULL
);
CREATE INDEX refauth_devices_expiry ON refauth_devices (expires_at);
