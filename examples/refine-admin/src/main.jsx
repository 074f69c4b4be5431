import React, { useEffect, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Link, Navigate, Outlet, Route, Routes, useLocation, useNavigate, useSearchParams } from "react-router";
import {
  Authenticated,
  CanAccess,
  Refine,
  useCustomMutation,
  useGetIdentity,
  useList,
  useLogin,
  useLogout,
  usePermissions,
} from "@refinedev/core";
import routerProvider from "@refinedev/react-router";
import { API_URL, BASENAME, STEP_UP_ASKED, authProvider, secondFactor } from "./authProvider";
import { accessControlProvider } from "./accessControlProvider";
import { dataProvider } from "./dataProvider";

function Login() {
  const { mutate: login, mutateAsync: loginAsync, data, error, isPending } = useLogin();
  const [passkeyError, setPasskeyError] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const navigate = useNavigate();
  // the password was right and the account has a second factor: its page (useLogin follows redirectTo on success only)
  useEffect(() => {
    if (data?.error?.name === "SecondFactorRequired" && data.redirectTo) {
      navigate(data.redirectTo, { state: { passkey: data.passkey } }); // the passkey's options, if it has one
    }
  }, [data, navigate]);
  // a passkey alone: the challenge (useLogin's first call), the browser signs it, useLogin's second call
  const withPasskey = async () => {
    setPasskeyError("");
    const first = await loginAsync({ passkey: true });
    if (first?.error?.name !== "PasskeyChallenge") {
      return;
    }
    try {
      login({ passkey: await signWithPasskey(first.passkey) });
    } catch (e) {
      setPasskeyError(`The passkey did not sign you in (${e.name})`);
    }
  };
  // Refine resolves a failed login with {success: false, error}; a thrown error is a network failure
  const message =
    passkeyError ||
    (data?.success === false && !["SecondFactorRequired", "PasskeyChallenge"].includes(data.error?.name)
      ? data.error?.message
      : error?.message);
  return (
    <main>
      <h1>Refine admin · sign in</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          login({ email, password });
        }}
      >
        <input id="email" type="email" placeholder="Email" value={email} onChange={(e) => setEmail(e.target.value)} />
        <input id="password" type="password" placeholder="Password" value={password} onChange={(e) => setPassword(e.target.value)} />
        <button id="sign-in" type="submit" disabled={isPending}>Sign in</button>
      </form>
      <button id="passkey-sign-in" type="button" disabled={isPending} onClick={withPasskey}>
        Sign in with a passkey
      </button>
      {message && <p id="login-error" role="alert">{message}</p>}
    </main>
  );
}

/** The browser signs a challenge's request options with a passkey: the credential as JSON for the API. */
const signWithPasskey = async (options) =>
  (await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) })).toJSON();

/**
 * The sign-in's second step: the same useLogin, with a code from the app or a recovery code. With ?stepUp=true, the
 * step-up of a signed-in user: login({stepUp: true}) asks for the challenge first; useLogin then goes back to ?to=.
 */
function SecondStep() {
  const { mutate: login, data, error, isPending } = useLogin();
  const { mutateAsync: challenge } = useLogin();
  const [code, setCode] = useState("");
  const [recovery, setRecovery] = useState(false);
  const message = data?.success === false ? data.error?.message : error?.message;
  const [params] = useSearchParams();
  const stepUp = params.get("stepUp") === "true";
  const [stepUpOptions, setStepUpOptions] = useState(undefined);
  const [ready, setReady] = useState(!stepUp);
  const navigate = useNavigate();
  const asked = useRef(false);
  // started at once after this tab's own call asked for it (onError), on a click otherwise (another site opened it)
  const [started, setStarted] = useState(() => sessionStorage.getItem(STEP_UP_ASKED) === "1");
  useEffect(() => {
    if (!stepUp || !started || asked.current) {
      return;
    }
    asked.current = true; // once, even when React runs effects twice
    sessionStorage.removeItem(STEP_UP_ASKED);
    challenge({ stepUp: true }).then((answer) => {
      if (answer?.error?.name === "SecondFactorEnrolmentRequired") {
        navigate("/security");
        return;
      }
      setStepUpOptions(answer?.passkey);
      setReady(answer?.error?.name === "SecondFactorRequired");
    });
  }, [stepUp, started, challenge, navigate]);
  const location = useLocation();
  const passkeyOptions = stepUp ? stepUpOptions : location.state?.passkey;
  const [passkeyError, setPasskeyError] = useState("");
  return (
    <main>
      <h1>{stepUp ? "Confirm it is you" : "Two-step verification"}</h1>
      {stepUp && (
        <p id="step-up" data-ready={ready ? "true" : "false"}>
          This action needs a recent second factor.
        </p>
      )}
      {stepUp && !started && (
        <button id="step-up-start" type="button" onClick={() => setStarted(true)}>
          Continue
        </button>
      )}
      {passkeyOptions && (
        <button id="use-passkey" type="button" disabled={isPending}
          onClick={() =>
            signWithPasskey(passkeyOptions).then(
              (credential) => login({ passkey: credential }),
              (e) => setPasskeyError(`The passkey did not answer (${e.name})`),
            )
          }>
          Use your passkey
        </button>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          login(recovery ? { recoveryCode: code } : { code });
        }}
      >
        <input
          id="code"
          autoComplete="one-time-code"
          placeholder={recovery ? "Recovery code" : "Code from your authenticator app"}
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        <button id="verify" type="submit" disabled={isPending}>Verify</button>
      </form>
      <button id="use-recovery" type="button" onClick={() => setRecovery(!recovery)}>
        {recovery ? "Use the app's code" : "Use a recovery code instead"}
      </button>
      {(passkeyError || message) && <p id="login-error" role="alert">{passkeyError || message}</p>}
      {!stepUp && (
        <p>
          <Link to="/login">Start again</Link>
        </p>
      )}
    </main>
  );
}

/**
 * The tenant's accounts, for users:manage: suspending one needs a recent second factor, so the first try of a user
 * signed in a while ago is answered 403 StepUpRequired; onError sends them to confirm it is them, and back here.
 */
function Users({ me }) {
  const { result, query } = useList({ resource: "admin/users", pagination: { mode: "off" } });
  const { mutate, isPending } = useCustomMutation();
  const setStatus = (id, status) =>
    mutate(
      { url: `${API_URL}/api/admin/users/${id}/status`, method: "put", values: { status } },
      { onSuccess: () => query.refetch() },
    );
  return (
    <section>
      <h2>Users</h2>
      <ul id="users">
        {(result?.data ?? []).map((u) => (
          <li key={u.id} data-email={u.email}>
            {u.email} · <span className="status">{u.status}</span>{" "}
            {u.id !== me && (
              <button
                type="button"
                className={u.status === "ACTIVE" ? "suspend" : "restore"}
                disabled={isPending}
                onClick={() => setStatus(u.id, u.status === "ACTIVE" ? "DISABLED" : "ACTIVE")}
              >
                {u.status === "ACTIVE" ? "Suspend" : "Restore"}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The latest security events of the tenant, for audit:read: the sample's /api/admin/events (newest first, the last 24
 * hours) through the dataProvider's getList, as any resource. Accounts are named by id: the trail keeps no email.
 */
function Events() {
  const { result } = useList({ resource: "admin/events", pagination: { mode: "off" } });
  return (
    <section>
      <h2>Security events</h2>
      <table id="events">
        <thead>
          <tr>
            <th>Type</th>
            <th>Time</th>
            <th>Account</th>
          </tr>
        </thead>
        <tbody>
          {(result?.data ?? []).map((e) => (
            <tr key={e.id} data-type={e.type}>
              <td className="type">{e.type}</td>
              <td>
                <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time>
              </td>
              <td className="account">{e.account ?? "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The server's own QR code (an SVG it drew, no script), parsed as SVG and placed, never as HTML. */
function QrCode({ svg }) {
  const box = useRef(null);
  useEffect(() => {
    const node = new DOMParser().parseFromString(svg, "image/svg+xml").documentElement;
    box.current.replaceChildren();
    if (node.nodeName === "svg") {
      node.setAttribute("width", "200");
      node.setAttribute("height", "200");
      box.current.appendChild(document.importNode(node, true));
    }
  }, [svg]);
  return <div id="qr" ref={box} />;
}

/** Two-step verification for the signed-in user, through /auth/second-factor. */
function Security() {
  const [status, setStatus] = useState(null);
  const [enrolment, setEnrolment] = useState(null);
  const [codes, setCodes] = useState([]);
  const [code, setCode] = useState("");
  const [message, setMessage] = useState("");
  const [passkeyName, setPasskeyName] = useState("");
  const [password, setPassword] = useState("");
  const refresh = () => secondFactor({ action: "status" }).then(setStatus);
  useEffect(() => {
    refresh();
  }, []);
  const act = async (request, after) => {
    const answer = await secondFactor(request);
    setMessage(answer.success ? "" : answer.error?.message ?? "Something went wrong");
    if (answer.success) {
      setCode("");
      after(answer);
      refresh();
    }
  };
  // a recovery code where a code is asked: anything but six digits is one
  const fresh = () => (/^[0-9]{6}$/.test(code.trim()) ? { code: code.trim() } : { recoveryCode: code.trim() });
  return (
    <main>
      <h1>Security</h1>
      <p>
        Two-step verification: <strong id="mfa-state">{status ? (status.totp ? "on" : "off") : ""}</strong>
        {status?.totp && <> · recovery codes left: <span id="recovery-left">{status.recoveryCodesLeft}</span></>}
      </p>
      {/* every change asks for the password again: a stolen session cannot plant the thief's own factor */}
      <input id="security-password" type="password" autoComplete="current-password"
        placeholder="Your password (asked for every change)" value={password} onChange={(e) => setPassword(e.target.value)} />
      {status && !status.totp && !enrolment && (
        <button id="mfa-begin" type="button" onClick={() => act({ action: "begin-totp", password }, setEnrolment)}>
          Set up an authenticator app
        </button>
      )}
      {enrolment && !status?.totp && (
        <>
          <QrCode svg={enrolment.qrSvg} />
          <p>Key: <code id="mfa-secret">{enrolment.secret}</code></p>
        </>
      )}
      <input id="security-code" placeholder="Code" value={code} onChange={(e) => setCode(e.target.value)} />
      {enrolment && !status?.totp && (
        <button id="mfa-confirm" type="button"
          onClick={() => act({ action: "confirm-totp", code: code.trim() }, (a) => { setCodes(a.recoveryCodes); setEnrolment(null); })}>
          Turn on
        </button>
      )}
      {status?.totp && (
        <>
          <button id="mfa-renew" type="button"
            onClick={() => act({ action: "new-recovery-codes", password, ...fresh() }, (a) => setCodes(a.recoveryCodes))}>
            New recovery codes
          </button>
          <button id="mfa-remove" type="button" onClick={() => act({ action: "remove", password, ...fresh() }, () => setCodes([]))}>
            Turn off
          </button>
        </>
      )}
      {message && <p id="security-error" role="alert">{message}</p>}
      {codes.length > 0 && (
        <>
          <p>Your recovery codes, each good once, shown only now:</p>
          <ol id="recovery-codes">{codes.map((c) => <li key={c}>{c}</li>)}</ol>
        </>
      )}
      <h2>Passkeys</h2>
      <ul id="passkeys">
        {(status?.passkeys ?? []).map((p) => (
          <li key={p.id}>
            <span className="passkey-name">{p.name}</span>{" "}
            <button type="button" className="passkey-remove" onClick={() => act({ action: "passkey-remove", id: p.id, password }, () => undefined)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <input id="passkey-name" placeholder="Name" value={passkeyName} onChange={(e) => setPasskeyName(e.target.value)} />
      <button id="passkey-add" type="button" onClick={async () => {
        const options = await secondFactor({ action: "passkey-options", password });
        if (!options.success) {
          setMessage(options.error?.message ?? "Something went wrong");
          return;
        }
        const created = await navigator.credentials.create({
          publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options.publicKey),
        });
        act({ action: "passkey-register", ceremony: options.ceremony, credential: created.toJSON(), name: passkeyName || "Passkey" },
          () => setPasskeyName(""));
      }}>
        Add a passkey
      </button>
      <p><Link id="to-dashboard" to="/">Dashboard</Link></p>
    </main>
  );
}

function Dashboard() {
  const { data: identity } = useGetIdentity();
  const { data: permissions } = usePermissions({});
  const { result, query } = useList({ resource: "posts" });
  const { mutate: logout } = useLogout();
  return (
    <main>
      <h1>Refine admin</h1>
      <p>
        Signed in as <strong id="identity-name">{identity?.name}</strong> (<span id="identity-email">{identity?.email}</span>,
        tenant <span id="identity-tenant">{identity?.tenant}</span>)
      </p>
      <p>
        Permissions: <span id="permissions">{Array.isArray(permissions) ? permissions.join(", ") : ""}</span>
      </p>
      <CanAccess resource="posts" action="write" fallback={<p id="no-write">Read only</p>}>
        <button id="new-post" type="button">New post</button>
      </CanAccess>
      <CanAccess resource="users" action="manage" fallback={null}>
        <Users me={identity?.id} />
      </CanAccess>
      <CanAccess resource="audit" action="read" fallback={null}>
        <Events />
      </CanAccess>
      <h2>Posts</h2>
      <p>
        Loaded at <span id="posts-loaded-at">{query.dataUpdatedAt || ""}</span>
      </p>
      <ul id="posts">
        {(result?.data ?? []).map((p) => (
          <li key={p.id}>{p.title}</li>
        ))}
      </ul>
      <button id="reload" type="button" onClick={() => query.refetch()}>Reload posts</button>
      <p>
        Two-step verification: <span id="second-factor">{identity ? (identity.secondFactor ? "on" : "off") : ""}</span>{" "}
        <Link id="to-security" to="/security">Security</Link>
      </p>
      <button id="logout" type="button" onClick={() => logout()}>Sign out</button>
    </main>
  );
}

function App() {
  return (
    <BrowserRouter basename={BASENAME}>
      <Refine
        routerProvider={routerProvider}
        authProvider={authProvider}
        dataProvider={dataProvider}
        accessControlProvider={accessControlProvider}
        resources={[
          { name: "posts", list: "/" },
          // listed on the dashboard, for those who may read the audit trail (audit:read)
          { name: "admin/events", list: "/", meta: { label: "Security events" } },
        ]}
        options={{ disableTelemetry: true, reactQuery: { clientConfig: { defaultOptions: { queries: { retry: false } } } } }}
      >
        <Routes>
          <Route
            element={
              <Authenticated key="app" fallback={<Navigate to="/login" />}>
                <Outlet />
              </Authenticated>
            }
          >
            <Route index element={<Dashboard />} />
            <Route path="/security" element={<Security />} />
          </Route>
          <Route path="/login" element={<Login />} />
          <Route path="/login/second-factor" element={<SecondStep />} />
        </Routes>
      </Refine>
    </BrowserRouter>
  );
}

createRoot(document.getElementById("root")).render(<App />);
