"""The Lambda behind the Lex V2 bot: one caller turn in, one spoken or written reply out."""
