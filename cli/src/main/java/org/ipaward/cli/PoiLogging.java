package org.ipaward.cli;

/** Apache POI logs through Log4j; the command has no Log4j provider, so its own simple logger keeps stderr clean. */
final class PoiLogging {
    private PoiLogging() {}

    static void quiet() {
        if (System.getProperty("log4j2.loggerContextFactory") == null) {
            System.setProperty(
                    "log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
        }
    }
}
