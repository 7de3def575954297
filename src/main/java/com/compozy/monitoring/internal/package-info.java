/**
 * Internal, not API: helpers shared by the library's own packages. Anything here may change or go
 * away in any release; do not use it from an application.
 */
package com.compozy.monitoring.internal;
