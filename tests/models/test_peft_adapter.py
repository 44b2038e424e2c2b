"""An ``hf:`` path holding a PEFT adapter is detected and merged into its base model."""

from __future__ import annotations

import pytest

from polymed.records import LoglikRequest

pytestmark = pytest.mark.slow


def test_lora_adapter_folder_is_detected_and_applied(default_model, tmp_path):
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    from polymed.models import load_model
    from polymed.models.convert import cached_conversion
    from polymed.models.default import gguf_path

    base_dir = cached_conversion(gguf_path())
    base = AutoModelForCausalLM.from_pretrained(base_dir)
    peft_model = get_peft_model(base, LoraConfig(r=2, target_modules=["q_proj", "v_proj"]))
    torch.manual_seed(0)
    for name, param in peft_model.named_parameters():
        if "lora_B" in name:  # LoRA starts as a no-op; make it change the model
            torch.nn.init.normal_(param, std=0.5)
    peft_model.save_pretrained(tmp_path / "adapter")

    adapted = load_model(f"hf:{tmp_path / 'adapter'}", batch_size=2)
    assert adapted.describe()["adapter"] == str(tmp_path / "adapter")
    assert adapted.describe()["base_model"] == str(base_dir)

    req = [LoglikRequest("Question: first-line drug for anaphylaxis?\nAnswer:", (" A", " B"))]
    ours = dict(adapted.loglikelihood(req))[0].logprobs
    plain = dict(default_model.loglikelihood(req))[0].logprobs
    assert ours != pytest.approx(plain, abs=1e-3)
