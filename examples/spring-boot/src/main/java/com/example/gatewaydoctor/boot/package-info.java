/** The Spring Boot sample: one application class, the rest is configuration. */
package com.example.gatewaydoctor.boot;
