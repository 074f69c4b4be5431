import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Served by the sample at /refine (same origin as /auth and /api), from an origin of its own (public/config.js
// names the API's origin; the sample allows it with --allowed-origin), or by `npm run dev` / `npm run preview`, which
// proxy /auth and /api to the sample (REFAUTH_API, default http://localhost:8080) the way most set-ups do:
// changeOrigin rewrites Host to the API's, and the browser still sees one origin.
const api = process.env.REFAUTH_API ?? "http://localhost:8080";
const proxy = {
  "/auth": { target: api, changeOrigin: true },
  "/api": { target: api, changeOrigin: true },
};

export default defineConfig({
  base: "/refine/",
  plugins: [react()],
  server: { proxy },
  preview: { proxy },
  build: { outDir: "dist", emptyOutDir: true },
});
