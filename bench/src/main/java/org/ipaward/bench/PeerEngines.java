package org.ipaward.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.ipaward.engine.calc.LedgerEntry;
import org.kie.dmn.api.core.DMNContext;
import org.kie.dmn.api.core.DMNDecisionResult;
import org.kie.dmn.api.core.DMNModel;
import org.kie.dmn.api.core.DMNResult;
import org.kie.dmn.api.core.DMNRuntime;
import org.kie.dmn.core.internal.utils.DMNRuntimeBuilder;

/**
 * The three benchmark rules as DMN 1.3 models ({@code dmn/intensive.dmn}, {@code dmn/pledge.dmn},
 * {@code dmn/foreign.dmn} on the class path), run by two peer engines: the Apache KIE (Drools) DMN engine and
 * the Camunda 7 standalone DMN engine with its Scala FEEL engine. Both engines load the same files.
 *
 * <p>Each model's top decision {@value #AWARD} gives the award in yuan rounded half up to 分, as a FEEL
 * string, or null when the claim is not eligible. Money leaves FEEL as a string because Camunda's FEEL value
 * mapper hands any non-whole number back to Java as a {@code double}; as a string it stays exact in both
 * engines and {@link #amount(Object)} reads it as a {@link BigDecimal}.
 *
 * <p>Inputs are built once from the same typed values {@link HandWritten} takes (which are the facts of the
 * engine's requests): money as {@link BigDecimal}, counts and years as {@link Integer}, and for the pledge the
 * subject's whole ledger as a list of contexts that the model filters and sums itself.
 */
public final class PeerEngines {
    /** The name of every model's top decision. */
    public static final String AWARD = "award";

    /** The three rules, named after their DMN files. */
    public enum Rule {
        INTENSIVE("intensive"),
        PLEDGE("pledge"),
        FOREIGN("foreign");

        private final String model;

        Rule(String model) {
            this.model = model;
        }

        /** The model's name, which is also its file name under {@code dmn/} without {@code .dmn}. */
        public String model() {
            return model;
        }

        /** The model's namespace. */
        public String namespace() {
            return "https://ipaward.org/dmn/" + model;
        }

        /** The class-path resource holding the model. */
        public String resource() {
            return "dmn/" + model + ".dmn";
        }
    }

    private PeerEngines() {}

    // ------------------------------------------------------------------ inputs

    /** The variables of the patent-intensive model. */
    public static Map<String, Object> variables(HandWritten.Intensive c) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("certified", c.certified());
        v.put("implemented", c.implemented());
        v.put("inventionPatents", c.inventionPatents());
        v.put("inventionPatentsPrevYear", c.inventionPatentsPrevYear());
        v.put("annualSales", c.annualSales());
        v.put("totalRevenue", c.totalRevenue());
        v.put("patentProductSales", c.patentProductSales());
        v.put("trainingRatePercent", c.trainingRatePercent());
        v.put("muGrade", c.muGrade());
        return v;
    }

    /** The variables of the pledge model: the claim and the subject's whole ledger, summed by the model. */
    public static Map<String, Object> variables(HandWritten.Pledge c) {
        List<Map<String, Object>> ledger = new ArrayList<>();
        for (LedgerEntry e : c.ledger()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("policy", e.policy());
            entry.put("measure", e.measure());
            entry.put("subject", e.subject());
            entry.put("year", e.year());
            entry.put("amount", e.amount());
            ledger.add(entry);
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("bankLoan", c.bankLoan());
        v.put("loanInterest", c.loanInterest());
        v.put("claimSubject", c.subject());
        v.put("claimYear", c.year());
        v.put("ledger", ledger);
        return v;
    }

    /** The variables of the foreign-litigation model. */
    public static Map<String, Object> variables(HandWritten.Foreign c) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("country", c.country());
        v.put("outcome", c.outcome());
        v.put("agencyFees", c.agencyFees());
        v.put("muGrade", c.muGrade());
        return v;
    }

    /**
     * A model's answer as an amount: null when not eligible, else the award to 分 (scale 2). Throws when the
     * answer is neither null nor a decimal string with at most two places.
     */
    public static BigDecimal amount(Object award) {
        if (award == null) {
            return null;
        }
        if (!(award instanceof String s)) {
            throw new IllegalStateException(
                    "the award decision gave a " + award.getClass().getName() + ": " + award);
        }
        try {
            // UNNECESSARY: a model answer with digits below 分 is wrong, not something to round here.
            return new BigDecimal(s).setScale(2, RoundingMode.UNNECESSARY);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalStateException("the award decision gave \"" + s + "\", not an amount to 分", e);
        }
    }

    // ------------------------------------------------------------------ KIE

    /** The Apache KIE DMN runtime over the three models, loaded from the class path without a kjar. */
    public static final class Kie {
        private final DMNRuntime runtime;
        private final DMNModel[] models = new DMNModel[Rule.values().length];

        private Kie(DMNRuntime runtime) {
            this.runtime = runtime;
            for (Rule r : Rule.values()) {
                DMNModel m = runtime.getModel(r.namespace(), r.model());
                if (m == null) {
                    throw new IllegalStateException("KIE did not load the DMN model " + r.resource());
                }
                if (m.hasErrors()) {
                    throw new IllegalStateException("KIE rejects " + r.resource() + ": " + m.getMessages());
                }
                models[r.ordinal()] = m;
            }
        }

        /** Compiles the three models. */
        public static Kie load() {
            Rule[] rules = Rule.values();
            String[] more = new String[rules.length - 1];
            for (int i = 1; i < rules.length; i++) {
                more[i - 1] = "/" + rules[i].resource();
            }
            DMNRuntime runtime = DMNRuntimeBuilder.fromDefaults()
                    .buildConfiguration()
                    .fromClasspathResources("/" + rules[0].resource(), PeerEngines.class, more)
                    .getOrElseThrow(e -> new IllegalStateException("KIE cannot load the DMN models", e));
            return new Kie(runtime);
        }

        /** The compiled model of a rule. */
        public DMNModel model(Rule rule) {
            return models[rule.ordinal()];
        }

        /** A new evaluation context holding these variables. */
        public DMNContext context(Map<String, Object> variables) {
            DMNContext ctx = runtime.newContext();
            variables.forEach(ctx::set);
            return ctx;
        }

        /** Evaluates the rule's award decision (and the decisions it requires); the raw answer, a string or null. */
        public Object award(DMNModel model, DMNContext context) {
            DMNResult result = runtime.evaluateByName(model, context, AWARD);
            DMNDecisionResult award = result.getDecisionResultByName(AWARD);
            if (award.getEvaluationStatus() != DMNDecisionResult.DecisionEvaluationStatus.SUCCEEDED) {
                throw new IllegalStateException(
                        "KIE failed to evaluate " + model.getName() + ": " + result.getMessages());
            }
            return award.getResult();
        }
    }

    // ------------------------------------------------------------------ Camunda

    /** The Camunda 7 standalone DMN engine (Scala FEEL) over the three models. */
    public static final class Camunda {
        private final DmnEngine engine;
        private final DmnDecision[] decisions = new DmnDecision[Rule.values().length];

        private Camunda() {
            engine =
                    DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
            for (Rule r : Rule.values()) {
                try (InputStream in = PeerEngines.class.getClassLoader().getResourceAsStream(r.resource())) {
                    if (in == null) {
                        throw new IllegalStateException("no DMN model " + r.resource() + " on the class path");
                    }
                    decisions[r.ordinal()] = engine.parseDecision(AWARD, in);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        /** Builds the engine and parses the three models. */
        public static Camunda load() {
            return new Camunda();
        }

        /** The parsed award decision of a rule (with the decisions it requires). */
        public DmnDecision decision(Rule rule) {
            return decisions[rule.ordinal()];
        }

        /** A variable context holding these variables. */
        public VariableContext context(Map<String, Object> variables) {
            return Variables.fromMap(variables).asVariableContext();
        }

        /** Evaluates the award decision; the raw answer, a string or null. */
        public Object award(DmnDecision decision, VariableContext context) {
            return engine.evaluateDecision(decision, context).getSingleEntry();
        }
    }
}
