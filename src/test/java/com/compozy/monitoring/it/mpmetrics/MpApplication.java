package com.compozy.monitoring.it.mpmetrics;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

@ApplicationPath("api")
public class MpApplication extends Application {}
