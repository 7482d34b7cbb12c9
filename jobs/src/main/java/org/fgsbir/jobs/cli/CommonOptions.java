package org.fgsbir.jobs.cli;

import java.util.List;

/** The options every Spark command accepts, besides its own. */
public final class CommonOptions {
  private CommonOptions() {}

  public static final String SET = "--set";
  public static final String CONF_DIR = "--conf-dir";
  public static final String ENV = "--env";
  public static final String MASTER = "--master";
  public static final String SPARK_CONF = "--conf";
  public static final String DRY_RUN = "--dry-run";
  public static final String VERBOSE = "--verbose";
  public static final String HELP = "--help";

  /** The default Spark master. */
  public static final String DEFAULT_MASTER = "local[*]";

  /** The common options, as help shows them. */
  public static final List<OptionSpec> ALL = List.of(
      OptionSpec.builtIn(SET, "KEY=VALUE", "Sets any setting (see 'fgsbir help settings'); repeatable; "
          + "an empty VALUE unsets it."),
      OptionSpec.builtIn(CONF_DIR, "DIR", "Reads defaults.properties and the job file from DIR instead of "
          + "$FGSBIR_CONF_DIR, <project>/conf or the copies bundled in the jar."),
      OptionSpec.builtIn(ENV, "NAME", "Layers conf/env/NAME.properties (shipped: local, cluster, gpu) over "
          + "the job file: settings and spark.* properties for one deployment environment."),
      OptionSpec.builtIn(MASTER, "URL", "Spark master: local, local[N], local[*], spark://HOST:PORT, yarn or "
          + "k8s://URL (default " + DEFAULT_MASTER + "; under spark-submit, its own --master)."),
      OptionSpec.builtIn(SPARK_CONF, "spark.KEY=VALUE", "A Spark configuration property, as for spark-submit; "
          + "repeatable."),
      OptionSpec.builtIn(DRY_RUN, null, "Resolves and validates the settings, prints them with where each "
          + "came from, and stops before Spark starts."),
      OptionSpec.builtIn(VERBOSE, null, "Prints stack traces with errors."),
      OptionSpec.builtIn(HELP, null, "Prints this help (also -h)."));
}
