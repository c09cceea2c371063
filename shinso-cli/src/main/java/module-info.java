/** The {@code shinso} command line; picocli reads the commands' annotated fields, so their packages are open to it. */
module dev.shinso.cli {
  requires dev.shinso.core;
  requires dev.shinso.cuda;
  requires dev.shinso.lecture;
  requires dev.shinso.notebook; // `shinso notebook install` writes its kernelspec
  requires info.picocli;
  requires me.tongfei.progressbar;
  requires java.desktop; // ImageIO for PNG and JPEG

  exports dev.shinso.cli;
  exports dev.shinso.cli.predict; // image preparation, reused by shinso-spark
  exports dev.shinso.cli.spark;

  uses dev.shinso.cli.spark.SparkCommands; // shinso-spark, on the class path only for --spark

  opens dev.shinso.cli to info.picocli;
  opens dev.shinso.cli.diffusion to info.picocli;
  opens dev.shinso.cli.lecture to info.picocli;
  opens dev.shinso.cli.lm to info.picocli;
  opens dev.shinso.cli.predict to info.picocli;
  opens dev.shinso.cli.train to info.picocli;
}
