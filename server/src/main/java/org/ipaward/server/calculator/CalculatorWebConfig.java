package org.ipaward.server.calculator;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registers the calculator's direct path ({@link CalculatorFastPath}) on its one URL, after the character
 * encoding and HTTP observation (metrics) filters and before Spring Security's chain; and leaves the calculator's
 * requests untimed by Micrometer.
 */
@Configuration(proxyBeanMethods = false)
public class CalculatorWebConfig {
    /** Spring Boot's order of {@code ServerHttpObservationFilter}; the direct path comes right after it. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

    @Bean
    public FilterRegistrationBean<CalculatorFastPath> calculatorFastPath(
            PublicCalculator calculator, JsonMapper mapper) {
        FilterRegistrationBean<CalculatorFastPath> r =
                new FilterRegistrationBean<>(new CalculatorFastPath(calculator, mapper));
        r.addUrlPatterns(CalculatorFastPath.PATH);
        r.setOrder(ORDER);
        r.setName("calculatorFastPath");
        return r;
    }

    /**
     * The calculator's requests are not timed as {@code http.server.requests}: at thousands a second the
     * observation (a timer and a long-task timer per request) was about a tenth of the calculator's CPU, and
     * nothing reads it (only health and info are exposed). Count calculator use at the reverse proxy instead
     * (docs/operations.md). Every other request is observed as before.
     */
    @Bean
    public ObservationPredicate calculatorNotTimed() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext c
                && c.getCarrier() != null
                && c.getCarrier().getRequestURI().equals(c.getCarrier().getContextPath() + CalculatorFastPath.PATH));
    }
}
