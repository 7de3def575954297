package com.compozy.monitoring.it.http;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Lists nothing, so the runtime scans the WAR and finds the library's filter by itself. */
@ApplicationPath("/api")
public class ConformanceApplication extends Application {}
