package io.github.apimoauth.entra;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.github.apimoauth.entra.SigningKeyNotFoundException.Reason;

import static org.assertj.core.api.Assertions.assertThat;

class SigningKeyRefusalsTest {

    @Test
    void refusedWhenFloodWithinOneIntervalThenOnlyTheFirstIsReported() {
        SigningKeyRefusals refusals = new SigningKeyRefusals();

        assertThat(refusals.refused(Reason.UNKNOWN_KEY)).hasValue(1);
        assertThat(IntStream.range(0, 1000).mapToObj(i -> refusals.refused(Reason.UNKNOWN_KEY)))
            .allMatch(OptionalLong::isEmpty);
    }

    @Test
    void refusedWhenAnotherReasonThenItIsReportedOnItsOwn() {
        SigningKeyRefusals refusals = new SigningKeyRefusals();
        refusals.refused(Reason.UNKNOWN_KEY);

        assertThat(refusals.refused(Reason.KEYS_UNAVAILABLE)).hasValue(1);
    }

    @Test
    void refusedWhenIntervalPassedThenTheReportCountsEveryRefusalSinceTheLast() throws InterruptedException {
        SigningKeyRefusals refusals = new SigningKeyRefusals(Duration.ofMillis(200));
        refusals.refused(Reason.UNKNOWN_KEY);
        for (int i = 0; i < 4; i++) {
            refusals.refused(Reason.UNKNOWN_KEY);
        }
        Thread.sleep(250);

        assertThat(refusals.refused(Reason.UNKNOWN_KEY)).hasValue(5);
    }
}
