# Sourced by ./shinso, ./test and .ci/run: points JAVA_HOME at a JDK 25.
# JAVA_HOME wins when it is a 25; otherwise the usual install folders are searched.
# Prints a clear message and returns non-zero when no JDK 25 is found.

shinso_java_major() { # $1 = a java binary; prints its feature version (17, 25, ...)
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1
}

shinso_find_jdk25() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk* /usr/lib/jvm/*25* /opt/java/*25* "$HOME"/.sdkman/candidates/java/25*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    if [ "$(shinso_java_major "$candidate/bin/java")" = "25" ]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "shinso needs JDK 25, and none was found." >&2
  echo "  Looked at JAVA_HOME (${JAVA_HOME:-unset}) and /usr/lib/jvm, /opt/java, ~/.sdkman." >&2
  echo "  Install one (e.g. Temurin 25 from https://adoptium.net) and set JAVA_HOME to it." >&2
  return 1
}
