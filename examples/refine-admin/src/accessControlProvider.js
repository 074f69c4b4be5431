// Refine asks can({resource, action}) once per button; the checks of one render are sent together to the
// batched POST /auth/can and answered from its array.
import { API_URL, authFetch } from "./authProvider";

let pending = [];

const flush = async () => {
  const batch = pending;
  pending = [];
  try {
    const response = await authFetch(`${API_URL}/auth/can`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(batch.map(({ resource, action }) => ({ resource, action }))),
    });
    const answers = response.ok ? await response.json() : [];
    batch.forEach((item, i) => item.resolve({ can: answers[i]?.can === true, reason: answers[i]?.reason }));
  } catch (e) {
    batch.forEach((item) => item.resolve({ can: false, reason: "unreachable" }));
  }
};

export const accessControlProvider = {
  can: ({ resource, action }) =>
    new Promise((resolve) => {
      pending.push({ resource, action, resolve });
      if (pending.length === 1) {
        setTimeout(flush, 0);
      }
    }),
  options: { buttons: { enableAccessControl: true, hideIfUnauthorized: true } },
};
