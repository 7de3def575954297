package com.compozy.monitoring.it.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Mapped at the root, as many applications are: the scrape servlet's exact mapping must still win. */
@ApplicationPath("/")
public class TestApplication extends Application {}
