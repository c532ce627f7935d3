"""Local protocol servers (127.0.0.1 only) used as test fixtures: OpenAI and edge-tts."""
