/**
 * The Prometheus scrape endpoint as a Jakarta servlet, on client_java's transport-agnostic scrape
 * handler. The library registers it at {@code monitoring.path}; an application that wants to serve
 * a service's registry elsewhere can register it itself.
 */
package com.compozy.monitoring.export.prometheus;
