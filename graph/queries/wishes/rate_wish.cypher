// The resident's rating of a fulfilled wish (1–5), and when it was given.
MATCH (w:Wish {code: $wish})
SET w.rating = $rating, w.ratedAt = datetime()
