package org.ipaward.spark;

import java.util.List;
import org.ipaward.engine.PolicyLoader;
import org.ipaward.engine.calc.Calculator;
import org.ipaward.engine.match.Matcher;
import org.ipaward.engine.model.Policy;

/**
 * The engine inside an executor: the bundled policies are loaded once per JVM, on first use, and shared by
 * every task of that executor (the calculator and the matcher are immutable and thread-safe). Nothing of
 * the engine is serialised from the driver: a task asks this holder.
 */
public final class Engines {
    private Engines() {}

    /** Initialised on first access of {@link #POLICIES} (the JVM's class initialisation is the lock). */
    private static final class Holder {
        static final List<Policy> POLICIES = PolicyLoader.loadBundled();
        static final Calculator CALCULATOR = new Calculator(POLICIES);
        static final Matcher MATCHER = new Matcher(POLICIES);
    }

    public static List<Policy> policies() {
        return Holder.POLICIES;
    }

    public static Calculator calculator() {
        return Holder.CALCULATOR;
    }

    public static Matcher matcher() {
        return Holder.MATCHER;
    }
}
