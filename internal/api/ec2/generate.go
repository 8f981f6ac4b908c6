package ec2

//go:generate go run ../../../tools/ec2gen -ops operations.txt -out shapes_gen.go

// OperationShapes holds constructors for an operation's input and output shapes.
// A nil NewOutput means the operation has no output shape; EC2 then answers
// `<return>true</return>`.
type OperationShapes struct {
	NewInput  func() any
	NewOutput func() any
}
