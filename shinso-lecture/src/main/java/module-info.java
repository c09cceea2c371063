/** The lecture's claims as experiments that print numbers and return the series to plot, and the plots drawn. */
module dev.shinso.lecture {
  requires transitive dev.shinso.core;
  requires org.knowm.xchart;
  requires java.desktop; // XChart draws with AWT (headless)

  exports dev.shinso.lecture;
  exports dev.shinso.lecture.experiments;
  exports dev.shinso.lecture.plot;
}
