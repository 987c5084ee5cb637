package com.example.gatewaydoctor.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A monitoring application with nothing of its own: gateway-doctor-spring-boot on the class path and the
 * {@code gateway-doctor.*} settings in {@code application.properties} are all it takes. Run it with
 * {@code examples/spring-boot/run.sh} from the repository root.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
