// The reference's JWT authProvider (login, check), completed with logout, onError, getIdentity and getPermissions
// the same way, and with the refresh flow of Refine's docs: the access token lives in localStorage and is short;
// on a 401 the client refreshes it once (the httpOnly refresh cookie does the asking), retries the call once, and
// signs out only when the refresh itself fails. This is the code an integrator copies.

/** Where this app is served (the router's basename). */
export const BASENAME = "/refine";

/** "" on the API's own origin; the API's origin when this app is served from another one (see public/config.js). */
export const API_URL = (window.REFAUTH_CONFIG && window.REFAUTH_CONFIG.apiUrl) || "";
const TOKEN_KEY = "token";
// Set by onError in this tab when the app's own call asked for a step-up: only then does the second step's page start
// it by itself. A sign-in has five step-ups, and another site opening that page must not spend them.
export const STEP_UP_ASKED = "refauth.stepUpAsked";

const authHeader = () => {
  const token = localStorage.getItem(TOKEN_KEY);
  return token ? { Authorization: `Bearer ${token}` } : {};
};

// One refresh in flight at a time: every call that met a 401 meanwhile waits for the same answer.
let refreshing = null;

/** A refresh the server refused (401): the session is over. Anything else (offline, 5xx, 429) is not. */
class SessionOver extends Error {}

export const refreshToken = () => {
  if (!refreshing) {
    refreshing = fetch(`${API_URL}/auth/refresh`, {
      method: "POST",
      credentials: "include", // the refresh cookie: httpOnly, scoped to /auth/refresh
      headers: { "Content-Type": "application/json" }, // from another origin, a JSON body is the CSRF proof
      body: "{}",
    })
      .then(async (response) => {
        if (response.status === 401 || response.status === 403) {
          throw new SessionOver("refresh refused");
        }
        const body = await response.json().catch(() => ({}));
        if (!response.ok || !body.token) {
          throw new Error(`refresh failed: HTTP ${response.status}`); // a deploy, an outage: try again later
        }
        localStorage.setItem(TOKEN_KEY, body.token);
        return body.token;
      })
      .finally(() => {
        refreshing = null;
      });
  }
  return refreshing;
};

/**
 * fetch with the bearer token. A 401 (the token expired) refreshes once and retries once. A 401 that outlives the
 * retry, or a refresh the server refused, reaches the caller, and through Refine's useOnError, onError below: sign
 * out. A refresh that could not happen (the network, a 5xx) throws: the call fails, the user stays signed in.
 */
export const authFetch = async (url, init = {}) => {
  const send = async () => {
    const sentToken = localStorage.getItem(TOKEN_KEY);
    const response = await fetch(url, { ...init, headers: { ...(init.headers ?? {}), ...authHeader() } });
    response.sentToken = sentToken; // onError tells a 401 of this session from one of a session already gone
    return response;
  };
  const response = await send();
  if (response.status !== 401 || !localStorage.getItem(TOKEN_KEY)) {
    return response;
  }
  if (response.sentToken !== localStorage.getItem(TOKEN_KEY)) {
    return send(); // refreshed meanwhile, by another call: retry with the new token, no second refresh
  }
  try {
    await refreshToken();
  } catch (e) {
    if (e instanceof SessionOver) {
      return response;
    }
    throw e;
  }
  return send();
};

export const authProvider = {
  // Both steps of a sign-in: {email, password}, then, for an account with a second factor, {code} or {recoveryCode}.
  // The first answers 401 SecondFactorRequired with the second step's page in redirectTo (and an httpOnly cookie that
  // only this browser holds); Refine's useLogin follows redirectTo on success only, so the login page goes there
  // itself when it sees that error's name.
  // A passkey: {passkey: true} asks for a challenge (401 PasskeyChallenge, its request options in `passkey`), then
  // {passkey: credential.toJSON()} answers it, alone or as the second step.
  // The step-up: {stepUp: true}, sent with the current token, asks the signed-in user's second factor again (401
  // SecondFactorRequired, as after a password); the code or passkey that answers it signs in anew, recently.
  login: async ({ email, password, code, recoveryCode, passkey, stepUp }) => {
    try {
      const response = await fetch(`${API_URL}/auth/login`, {
        method: "POST",
        credentials: "include", // to receive the refresh and pending cookies from another origin too
        headers: { "Content-Type": "application/json", ...(stepUp ? authHeader() : {}) },
        body: JSON.stringify(
          stepUp
            ? { stepUp: true }
            : passkey !== undefined
              ? { passkey }
              : code || recoveryCode
                ? { code, recoveryCode }
                : { email, password },
        ),
      });
      const body = await response.json();
      if (body.error?.name === "SecondFactorRequired") {
        return { success: false, redirectTo: body.redirectTo, error: body.error, methods: body.methods, passkey: body.passkey };
      }
      if (body.error?.name === "PasskeyChallenge") {
        return { success: false, error: body.error, passkey: body.passkey };
      }
      if (!response.ok || !body.token) {
        return { success: false, error: body.error ?? { name: "LoginError", message: "Login failed" } };
      }
      localStorage.setItem(TOKEN_KEY, body.token);
      return { success: true, redirectTo: "/" };
    } catch (e) {
      return { success: false, error: { name: "NetworkError", message: "Unable to connect to server" } };
    }
  },

  logout: async () => {
    // the access token, even an expired one, is what ends the refresh family on the server (the refresh cookie is
    // scoped to /auth/refresh and does not come here)
    const answer = await fetch(`${API_URL}/auth/logout`, {
      method: "POST",
      credentials: "include", // the server clears the cookies
      headers: { "Content-Type": "application/json", ...authHeader() },
      body: "{}",
    })
      .then((r) => r.json())
      .catch(() => ({}));
    localStorage.removeItem(TOKEN_KEY);
    // a sign-in at an identity provider with logoutAtProvider: its end-session page (an absolute URL the server
    // configured, never one from the request), which comes back to the login page; Refine's router only goes to paths
    if (typeof answer.redirectTo === "string" && /^https?:\/\//.test(answer.redirectTo)) {
      window.location.assign(answer.redirectTo);
      return { success: true };
    }
    return { success: true, redirectTo: "/login" };
  },

  check: async () => {
    if (localStorage.getItem(TOKEN_KEY)) {
      return { authenticated: true };
    }
    return { authenticated: false, redirectTo: "/login" };
  },

  // authFetch has refreshed and retried already: a 401 here means the session is over. The token stays until
  // logout (which Refine calls next) has sent it to the server.
  // A 401 for a token that is no longer the stored one (a call still in flight when the user signed out, answered
  // after the next sign-in) says nothing about the current session.
  // A 403 StepUpRequired (a sensitive call needs a recent second factor) goes to the second step's page in step-up
  // mode and back here after it, to try again; an account without a second factor is sent to add one.
  onError: async (error) => {
    const status = error?.statusCode ?? error?.status;
    if (status === 403 && error?.name === "StepUpRequired") {
      const here = window.location.pathname.replace(new RegExp(`^${BASENAME}(?=/|$)`), "") || "/";
      sessionStorage.setItem(STEP_UP_ASKED, "1"); // the page starts the step-up at once for this tab's own call
      return { redirectTo: `/login/second-factor?stepUp=true&to=${encodeURIComponent(here)}` };
    }
    if (status === 403 && error?.name === "SecondFactorEnrolmentRequired") {
      return { redirectTo: "/security" };
    }
    if (status === 401 && error?.sentToken !== undefined && error.sentToken !== localStorage.getItem(TOKEN_KEY)) {
      return {};
    }
    if (status === 401) {
      return { logout: true, redirectTo: "/login", error };
    }
    return {};
  },

  getIdentity: async () => {
    const response = await authFetch(`${API_URL}/auth/me`);
    return response.ok ? response.json() : null;
  },

  getPermissions: async () => {
    const response = await authFetch(`${API_URL}/auth/permissions`);
    return response.ok ? response.json() : null;
  },
};

/** The signed-in user's second factor: {action: "status" | "begin-totp" | "confirm-totp" | ...}, as the API defines. */
export const secondFactor = async (request) => {
  const response = await authFetch(`${API_URL}/auth/second-factor`, {
    method: "POST",
    credentials: "include",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(request),
  });
  return response.json().catch(() => ({ success: false, error: { message: `HTTP ${response.status}` } }));
};
