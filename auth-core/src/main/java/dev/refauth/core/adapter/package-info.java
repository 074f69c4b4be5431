/**
 * For adapters, not for applications: what an adapter implements ({@link dev.refauth.core.adapter.RequestView}) and
 * what it translates back to its transport. Refauth's own adapters (the servlet filter, the JAX-RS feature) are
 * written against this package and nothing else of the engine; so is a new one.
 */
package dev.refauth.core.adapter;
