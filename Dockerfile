# The one image recipe of the four deployables (backend, gateway, frontend, emulator). The build context is the
# repository root; MODULE names the Maven module and PORT its HTTP port:
#   DOCKER_BUILDKIT=1 docker build --build-arg MODULE=gateway-service --build-arg PORT=8081 -t gateway-service .
# BuildKit is required: the cache mount keeps ~/.m2 between builds, so a rebuild downloads no dependency it already
# has. (No "# syntax=" line: it would pull a frontend image from Docker Hub; the built-in frontend has cache mounts.)
# Behind a TLS-inspecting proxy, put its CA certificates (PEM, *.crt) in docker/extra-ca-certificates/: both stages
# trust them, for curl and for Java (docker/trust-extra-ca-certificates.sh).
# Java 25 at run time for its AOT cache (below); the code is compiled for Java 17 (the POM's release), as CI tests it.
ARG JDK_IMAGE=eclipse-temurin:25-jdk
ARG JRE_IMAGE=eclipse-temurin:25-jre

FROM ${JDK_IMAGE} AS build
COPY docker/extra-ca-certificates/ /tmp/extra-ca-certificates/
COPY docker/trust-extra-ca-certificates.sh /usr/local/bin/
RUN sh /usr/local/bin/trust-extra-ca-certificates.sh /tmp/extra-ca-certificates
WORKDIR /src
COPY . .
# The four deployables in one step that does not depend on MODULE (declared only below it): building the second,
# third and fourth image reuses this step from BuildKit's cache instead of compiling the shared modules again.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -q -DskipTests -pl azure-emulator,backend-service,gateway-service,frontend-service -am package
ARG MODULE
RUN test -n "${MODULE}" || { echo "Build with --build-arg MODULE=<module>, e.g. gateway-service" >&2; exit 1; }; \
    java -Djarmode=tools -jar "${MODULE}/target/${MODULE}.jar" extract --layers --destination /layers \
      --application-filename app.jar

FROM ${JRE_IMAGE}
COPY docker/extra-ca-certificates/ /tmp/extra-ca-certificates/
COPY docker/trust-extra-ca-certificates.sh /usr/local/bin/
# The same for every image, so the four share these layers. /data is where the emulator keeps its keys, certificate,
# identity headers and secrets (EMULATOR_DATA_DIR; compose mounts a named volume there, which starts out owned by
# the non-root user because the directory is); the services never write it.
RUN sh /usr/local/bin/trust-extra-ca-certificates.sh /tmp/extra-ca-certificates \
 && groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app \
 && mkdir -p /data && chown 10001:10001 /data
ARG MODULE
ARG PORT
WORKDIR /app
# Layers from the least to the most often changing, so a code change rebuilds only the last ones. Extracted as
# app.jar plus lib/ (no launcher), the class path the AOT cache needs: plain jars, the same paths at training and run.
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
COPY docker/entrypoint.sh docker/healthcheck.sh docker/aot-training.sh /usr/local/bin/
COPY docker/java-options /app/java-options
# The AOT cache of this image's classes, trained once here (docker/aot-training.sh): start-up without loading and
# linking them again (bench/README.md has the measurement).
RUN sh /usr/local/bin/aot-training.sh "${MODULE}"
USER 10001:10001
# Documentation only (the emulator also listens on 8443 for Key Vault). Every listener binds what its service's
# configuration says; the emulator's bind 127.0.0.1 unless EMULATOR_BIND_ADDRESS says otherwise.
EXPOSE ${PORT}
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
