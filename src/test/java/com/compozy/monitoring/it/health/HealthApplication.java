package com.compozy.monitoring.it.health;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

@ApplicationPath("/api")
public class HealthApplication extends Application {}
