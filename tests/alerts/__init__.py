"""Tests of the alerts layer: sound, notifications, stride doctor."""
