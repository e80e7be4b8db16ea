package dev.dos.emulator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.emulator.FaultConfig;
import dev.dos.emulator.http.Json;
import java.time.Duration;

/**
 * {@link FaultConfig} as admin JSON: snake_case fields, durations in milliseconds. Reading
 * starts from "no faults", so a body names only the faults it wants; {@code {"spec": "..."}}
 * takes the CLI form of {@link FaultConfig#parse}.
 */
final class FaultConfigJson {
    private FaultConfigJson() {
    }

    static ObjectNode write(FaultConfig f) {
        ObjectNode o = Json.object();
        o.put("seed", f.seed());
        o.put("error_500", f.error500());
        o.put("error_502", f.error502());
        o.put("error_503", f.error503());
        o.put("storm_probability", f.stormProbability());
        o.put("storm_duration_ms", f.stormDuration().toMillis());
        o.put("reset_mid_request", f.resetMidRequest());
        o.put("reset_after_commit", f.resetAfterCommit());
        o.put("reset_mid_download", f.resetMidDownload());
        o.put("latency_ms", f.latency().toMillis());
        o.put("latency_jitter_ms", f.latencyJitter().toMillis());
        o.put("bandwidth_bytes_per_second", f.bandwidthBytesPerSecond());
        o.put("corrupt_download", f.corruptDownload());
        o.put("upload_bandwidth_bytes_per_second", f.uploadBandwidthBytesPerSecond());
        return o;
    }

    static FaultConfig read(JsonNode o) {
        if (o.hasNonNull("spec")) {
            return FaultConfig.parse(o.get("spec").asText());
        }
        FaultConfig none = FaultConfig.none();
        return FaultConfig.builder()
                .seed(o.path("seed").asLong(none.seed()))
                .error500(o.path("error_500").asDouble(0))
                .error502(o.path("error_502").asDouble(0))
                .error503(o.path("error_503").asDouble(0))
                .stormProbability(o.path("storm_probability").asDouble(0))
                .stormDuration(Duration.ofMillis(o.path("storm_duration_ms").asLong(none.stormDuration().toMillis())))
                .resetMidRequest(o.path("reset_mid_request").asDouble(0))
                .resetAfterCommit(o.path("reset_after_commit").asDouble(0))
                .resetMidDownload(o.path("reset_mid_download").asDouble(0))
                .latency(Duration.ofMillis(o.path("latency_ms").asLong(0)))
                .latencyJitter(Duration.ofMillis(o.path("latency_jitter_ms").asLong(0)))
                .bandwidthBytesPerSecond(o.path("bandwidth_bytes_per_second").asLong(0))
                .corruptDownload(o.path("corrupt_download").asDouble(0))
                .uploadBandwidthBytesPerSecond(o.path("upload_bandwidth_bytes_per_second").asLong(0))
                .build();
    }
}
