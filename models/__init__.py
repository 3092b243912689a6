"""Local language models: engines, model files, prompts, drafting. Never imports Qt."""
