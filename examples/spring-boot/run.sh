#!/usr/bin/env sh
# Builds the sample (and the gateway-doctor modules it uses) and runs it on http://127.0.0.1:8081/.
# Arguments go to the application: run.sh --gateway-doctor.sites[0].url=http://127.0.0.1:8080/
set -eu
cd "$(dirname "$0")/../.."
mvn -B -q -pl examples/spring-boot -am package -DskipTests
exec java -jar examples/spring-boot/target/gateway-doctor-spring-boot-sample.jar "$@"
