# SPDX-License-Identifier: MIT
# Shared by minihdfs.sh and streaming.sh (sourced): the JVM options Hadoop needs on Java 17, and the
# Maven build of a module that collects a classpath into target/lib.

JPMS=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.math=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.zip=ALL-UNNAMED --add-opens=java.base/sun.security.util=ALL-UNNAMED
  --add-opens=java.base/sun.security.x509=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --enable-native-access=ALL-UNNAMED)

# Builds a Maven module if target/lib is missing or the pom/sources are newer than the last build.
build() {
  local dir=$1 stamp=$1/target/.built
  if [[ -d $dir/target/lib && -f $stamp ]] &&
     [[ -z $(find "$dir/pom.xml" "$dir/src" -newer "$stamp" -print -quit 2>/dev/null) ]]; then
    return 0
  fi
  echo "$(basename "$0" .sh): building $(basename "$dir") with Maven" >&2
  local log
  if ! log=$(cd "$dir" && mvn -B -q package 2>&1); then
    echo "$log" >&2
    echo "$(basename "$0" .sh): Maven build of $dir failed" >&2
    exit 1
  fi
  touch "$stamp"
}
