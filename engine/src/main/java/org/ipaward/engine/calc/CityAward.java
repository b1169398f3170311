package org.ipaward.engine.calc;

import java.math.BigDecimal;

/**
 * The city-level outcome for the same matter, for policies with a city-first stacking rule: whether a
 * city policy applies, the city award, whether it needs district matching funds and the district's share.
 */
public record CityAward(Boolean applicable, BigDecimal amount, Boolean needsDistrictMatch, BigDecimal districtShare) {}
