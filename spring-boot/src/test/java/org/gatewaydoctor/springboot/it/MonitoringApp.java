package org.gatewaydoctor.springboot.it;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The smallest Spring Boot application: web, actuator and whatever auto-configuration is on the class path. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class MonitoringApp {
}
