// The role of a post (a post's role never changes).
MATCH (p:Post {code: $code})
RETURN p.role AS role
