import React, { useState } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Navigate, Outlet, Route, Routes } from "react-router";
import { Authenticated, CanAccess, Refine, useGetIdentity, useList, useLogin, useLogout, usePermissions } from "@refinedev/core";
import routerProvider from "@refinedev/react-router";
import { authProvider } from "./authProvider";
import { accessControlProvider } from "./accessControlProvider";
import { dataProvider } from "./dataProvider";

function Login() {
  const { mutate: login, data, error, isPending } = useLogin();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  // Refine resolves a failed login with {success: false, error}; a thrown error is a network failure
  const message = data?.success === false ? data.error?.message : error?.message;
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
      {message && <p id="login-error" role="alert">{message}</p>}
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
        <button id="manage-users" type="button">Manage users</button>
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
      <button id="logout" type="button" onClick={() => logout()}>Sign out</button>
    </main>
  );
}

function App() {
  return (
    <BrowserRouter basename="/refine">
      <Refine
        routerProvider={routerProvider}
        authProvider={authProvider}
        dataProvider={dataProvider}
        accessControlProvider={accessControlProvider}
        resources={[{ name: "posts", list: "/" }]}
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
          </Route>
          <Route path="/login" element={<Login />} />
        </Routes>
      </Refine>
    </BrowserRouter>
  );
}

createRoot(document.getElementById("root")).render(<App />);
