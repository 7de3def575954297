/**
 * Temporal test support: {@link com.compozy.monitoring.testing.temporal.MonitoredTestWorkflowEnvironment}
 * runs the application's workflows on the SDK's test server with the library's interceptor. Needs
 * {@code io.temporal:temporal-testing}, which the application brings.
 */
package com.compozy.monitoring.testing.temporal;
