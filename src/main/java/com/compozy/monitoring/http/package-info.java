/**
 * HTTP server metrics: a servlet filter measures each exchange (bytes, status after unmapped
 * exceptions, asynchronous completion) and a JAX-RS filter labels it with the route template, never
 * the raw path. Registered by the library in a web application. API: the filters; everything else
 * is package-private.
 */
package com.compozy.monitoring.http;
