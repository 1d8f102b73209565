"""The generator is deterministic: scale 1 regenerates byte for byte, fingerprint included."""

from __future__ import annotations

from seeds import SEED
from seeds.ground_truth import compute_text, path_for


def test_regenerating_scale_1_gives_the_committed_ground_truth_byte_for_byte(dataset, ground_truth):
    # ``dataset`` is the session's, generated afresh by this process (conftest.scale_1), not read from anywhere.
    committed = path_for(1).read_bytes()
    assert compute_text(dataset).encode("utf-8") == committed
    assert dataset.fingerprint() == ground_truth["fingerprint"]
    assert ground_truth["scale"] == 1 and ground_truth["seed"] == SEED


def test_the_loaded_data_set_is_the_committed_one(db, ground_truth):
    marker = db.execute_query("MATCH (d:Dataset {name: 'tongguan'}) RETURN d.scale AS scale, d.seed AS seed, "
                              "d.fingerprint AS fingerprint, d.loadedAt AS loadedAt").records  # fmt: skip
    assert len(marker) == 1
    assert marker[0]["scale"] == 1 and marker[0]["seed"] == SEED
    assert marker[0]["fingerprint"] == ground_truth["fingerprint"]
    assert marker[0]["loadedAt"] is not None
