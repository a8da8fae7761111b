# Sourced by the multi-node benchmarks: PostgreSQL started (.ci/start-postgres), the fat jar and bootstrap's test
# classes built without `mvn install` (the local repository may be shared); then `nodes_benchmark ARGS…` runs
# io.img2img.bootstrap.NodesBenchmark, and `machine_line` prints the machine and the moment.
source .ci/start-postgres
mvn -q -o -B package -DskipTests >&2
mvn -q -o -B -pl bootstrap -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >&2
nodes_cp="bootstrap/target/test-classes:bootstrap/target/classes:$(cat bootstrap/target/bench.cp)"
nodes_benchmark() { java -Dimg2img.jar=bootstrap/target/img2img.jar -Dimg2img.root=. -cp "$nodes_cp" io.img2img.bootstrap.NodesBenchmark "$@"; }
machine_line() {
  echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
}
