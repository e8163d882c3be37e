# Sourced by bin/dms-delta and bench/run, not run itself. Defines launch, which builds a module of this
# repository when its sources changed, then runs one of its main classes in an embedded Spark (local[*]) with
# the JVM flags Spark needs on JDK 17 (bin/spark-jvm.args). Needs JDK 17 to 22 (Spark 3.5 does not run on 23 or
# later) and Maven.

# The first line of `java -version` (read whole: cutting the pipe short could fail the java under pipefail).
java_version_line() {
  local output
  output=$("$1" -version 2>&1) || true
  echo "${output%%$'\n'*}"
}

# The major version in a `java -version` line (17 for "17.0.13", 8 for "1.8.0_401", 25 for "25-ea"); empty when
# it does not say.
java_major() {
  local line=$1 version
  [[ $line =~ \ version\ \"([^\"]*)\" ]] || return 0
  version=${BASH_REMATCH[1]}
  [[ $version == 1.* ]] && version=${version#1.}
  echo "${version%%[^0-9]*}"
}

# Why this java cannot run the embedded Spark 3.5, and what to do; nothing when it can (Java 17 to 22).
java_problem() {
  local java_bin=$1 major found
  if ! command -v "$java_bin" > /dev/null; then
    echo "Java 17 is needed, and there is no $java_bin. Set JAVA_HOME to a JDK 17 or 21, or put its java on the PATH."
    return
  fi
  found=$(java_version_line "$java_bin") # one JVM start, not one per question
  major=$(java_major "$found")
  if [[ -z $major ]]; then
    echo "Java 17 is needed, and $java_bin does not tell its version (found: $found). Set JAVA_HOME to a JDK 17 or 21."
  elif (( major < 17 )); then
    echo "Java 17 or newer is needed (found: $found). Set JAVA_HOME to a JDK 17 or 21."
  elif (( major > 22 )); then
    echo "Spark 3.5 does not run on Java $major (found: $found): it runs on Java 17 to 22. Set JAVA_HOME to a JDK 17 or 21."
  fi
}
#
#   launch NAME MODULE JAR HEAP MAIN [ARGS...]
#     NAME    says who speaks in messages        MODULE  the Maven module, built with spark-app (-am)
#     JAR     its jar in MODULE/target           HEAP    the JVM heap (-Xmx), shared by driver and executors
#     MAIN    the main class                     ARGS    its arguments; JAVA_OPTS adds JVM options
launch() {
  local name=$1 module=$2 jar_name=$3 heap=$4 main=$5
  shift 5
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  local jar="$root/$module/target/$jar_name"
  local classpath_file="$root/$module/target/runtime-classpath.txt"

  local java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java problem
  problem=$(java_problem "$java_bin")
  if [[ -n $problem ]]; then
    echo "$name: $problem" >&2
    exit 2
  fi

  local modules=spark-app sources=("$root/pom.xml" "$root/spark-app/src/main" "$root/spark-app/pom.xml")
  if [[ $module != spark-app ]]; then
    modules="spark-app,$module"
    sources+=("$root/$module/src/main" "$root/$module/pom.xml")
  fi
  if [[ ! -f "$jar" || ! -f "$classpath_file" || -n "$(find "${sources[@]}" -newer "$jar" -print -quit)" ]]; then
    echo "$name: building (the first build downloads Spark and Delta from Maven Central) ..." >&2
    if ! (cd "$root" && mvn -B -q -pl "$modules" -am package -DskipTests) >&2; then
      echo "$name: the build failed; Maven's messages above say why." >&2
      exit 1
    fi
    touch "$jar" # Maven leaves an up-to-date jar as it was: mark it built now, or the next run builds again
  fi

  export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
  local command=("$java_bin" @"$root/bin/spark-jvm.args" -Xmx"$heap"
    -Dlog4j2.configurationFile="$root/bin/log4j2.properties" ${JAVA_OPTS:-} -cp "$jar:$(cat "$classpath_file")")

  # Class data sharing (JDK 17's dynamic AppCDS): a run maps the classes an earlier run of this build loaded from an
  # archive instead of reading and verifying them from some 300 jars again, which saves a fresh process seconds.
  # The archive belongs to the jar it was made with: after a rebuild the next run makes it again, at its exit, into
  # a file of its own that replaces the archive only once complete. LAUNCH_CDS=off runs without it, and so does a
  # run with a flight recording or an agent in JAVA_OPTS: JDK 17 crashes when their class-file hook meets archived
  # classes.
  local archive="${jar%.jar}.jsa"
  if [[ ${LAUNCH_CDS:-on} == off || ${JAVA_OPTS:-} =~ (StartFlightRecording|-javaagent|-agentlib|-agentpath) ]]; then
    exec "${command[@]}" "$main" "$@"
  elif [[ -f $archive && $archive -nt $jar ]]; then
    exec "${command[@]}" -XX:SharedArchiveFile="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off "$main" "$@"
  fi
  local making="$archive.$$" status=0
  "${command[@]}" -XX:ArchiveClassesAtExit="$making" -Xlog:cds=off -Xlog:cds+dynamic=off "$main" "$@" || status=$?
  if [[ -s $making ]]; then
    mv -f "$making" "$archive"
  fi
  rm -f "$making"
  return "$status"
}
