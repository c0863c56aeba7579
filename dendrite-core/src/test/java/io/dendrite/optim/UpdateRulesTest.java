package io.dendrite.optim;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpdateRulesTest {

    @Test
    void everyNameBuildsItsRuleWithTheGivenLearningRate() {
        Map<String, Class<?>> expected = Map.of("sgd", Sgd.class, "momentum", Momentum.class, "nesterov", Nesterov.class,
                "adagrad", AdaGrad.class, "rmsprop", RmsProp.class, "adam", Adam.class, "adamw", AdamW.class);
        assertThat(UpdateRules.names()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (String name : UpdateRules.names()) {
            UpdateRule r = UpdateRules.create(name, 0.25);
            assertThat(r).isInstanceOf(expected.get(name));
            assertThat(r.learningRate()).isEqualTo(0.25);
            assertThat(r.name()).isEqualTo(name);
        }
    }

    @Test
    void namesAreForgiving() {
        assertThat(UpdateRules.create("sgd_momentum", 0.1)).isInstanceOf(Momentum.class);
        assertThat(UpdateRules.create("RMS_Prop", 0.1)).isInstanceOf(RmsProp.class);
        assertThat(UpdateRules.create(" AdamW ", 0.1)).isInstanceOf(AdamW.class);
        assertThat(UpdateRules.create("Adam").learningRate()).isEqualTo(Adam.DEFAULT_LEARNING_RATE);
    }

    @Test
    void unknownNameListsTheKnownOnesAndSuggests() {
        assertThatThrownBy(() -> UpdateRules.create("adm", 0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown update rule 'adm'")
                .hasMessageContaining("sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw")
                .hasMessageContaining("did you mean adam?");
        assertThatThrownBy(() -> UpdateRules.create("lbfgs", 0.1)).hasMessageNotContaining("did you mean");
    }

    @Test
    void configRoundTrips() {
        UpdateRule[] rules = {new Sgd(0.3), new Momentum(0.2, 0.5), new Nesterov(0.1, 0.7), new AdaGrad(1.5, 1e-6),
                new RmsProp(0.01, 0.9, 1e-6), new Adam(0.3, 0.8, 0.99, 1e-7), new AdamW(0.01, 0.85, 0.98, 1e-6, 0.05)};
        for (UpdateRule r : rules) {
            UpdateRule back = UpdateRules.create(r.name(), r.config());
            assertThat(back).isInstanceOf(r.getClass());
            assertThat(back.config()).isEqualTo(r.config());
        }
    }

    @Test
    void configAcceptsNumericStringsAndRefusesUnknownKeys() {
        UpdateRule r = UpdateRules.create("momentum", Map.of("learning_rate", "0.05", "momentum", 0.5));
        assertThat(r.config()).containsEntry("learning_rate", 0.05).containsEntry("momentum", 0.5);
        assertThatThrownBy(() -> UpdateRules.create("sgd", Map.of("momentum", 0.9)))
                .hasMessageContaining("sgd has no hyperparameter 'momentum'");
        assertThatThrownBy(() -> UpdateRules.create("adam", Map.of("beta1", "high")))
                .hasMessageContaining("beta1 = 'high' is not a number");
        assertThatThrownBy(() -> UpdateRules.create("adam", -0.1)).hasMessageContaining("invalid learning rate: -0.1");
    }
}
